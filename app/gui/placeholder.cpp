// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI library starts here; the main window arrives with the app-shell issue.
