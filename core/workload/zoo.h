// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workload/workload.h"

#include <optional>
#include <string>
#include <vector>

namespace fuselab {

/// Names of the built-in models: vgg16, resnet18, resnet34, resnet50, resnet101,
/// mobilenetv1, mobilenetv2, lenet5, mlp (a 784-256-256-10 perceptron for MNIST), then the
/// transformers bert-base, vit-b16, gpt2, llama2-7b, llama-1b (workload/transformer_zoo.h).
/// Batch-norm and activations are folded (Layer::folded); layer names follow torchvision.
std::vector<std::string> zooNames();

/// A built-in model at its standard input size, batch 1, with the given operand precision.
/// `name` may carry a transformer's dimensions, `NAME[:key=value,...]` (`gpt2:seq=1024`,
/// `llama2-7b:phase=decode,kv=4096`). std::nullopt for an unknown name; UsageError for
/// parameters the model does not accept (the message lists the valid keys).
std::optional<Workload> zooModel(const std::string &name, Precision precision = {});

} // namespace fuselab
