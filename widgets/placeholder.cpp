// SPDX-License-Identifier: GPL-3.0-or-later
// Views and editors start here.
