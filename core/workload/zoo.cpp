// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in model zoo, built in code with NetworkBuilder. Batch-norm and activations are
// folded into the layer that produces their input (listed in Layer::folded, named by their
// ONNX op types; ReLU6 is ONNX's Clip(0, 6)). Layer names follow torchvision where it has
// the model, so a zoo layer can be matched with an exported ONNX graph.
#include "workload/zoo.h"

#include "util/error.h"
#include "workload/network_builder.h"
#include "workload/transformer_zoo.h"

#include <algorithm>
#include <array>
#include <functional>

namespace fuselab {

namespace {

const std::vector<std::string> kBnRelu{"BatchNormalization", "Relu"};
const std::vector<std::string> kBn{"BatchNormalization"};
const std::vector<std::string> kRelu{"Relu"};
const std::vector<std::string> kBnRelu6{"BatchNormalization", "Clip"};

/// VGG-16 (configuration D), torchvision naming: features.N for the 13 convs and 5 max
/// pools, classifier.{0,3,6} for the FCs (the 7×7 adaptive average pool is the identity at
/// 224×224 and is left out; dropout is a no-op at inference).
Workload vgg16(Precision p)
{
    NetworkBuilder b("vgg16", p);
    TensorId x = b.input("input", 3, 224, 224);
    const std::array<int, 18> cfg{64, 64,  0,   128, 128, 0,   256, 256, 256,
                                  0,  512, 512, 512, 0,   512, 512, 512, 0};
    int index = 0;
    for (int c : cfg) {
        const std::string name = "features." + std::to_string(index);
        if (c == 0) {
            x = b.maxPool(name, x, 2, 2);
            index += 1;
        } else {
            x = b.conv(name, x, c, 3, 1, 1, 1, kRelu);
            index += 2; // conv + its ReLU
        }
    }
    x = b.fc("classifier.0", x, 4096, kRelu);
    x = b.fc("classifier.3", x, 4096, kRelu);
    b.fc("classifier.6", x, 1000);
    return b.finish();
}

/// The ImageNet ResNet stem: 7×7/2 conv to 112×112, 3×3/2 max pool to 56×56.
TensorId resnetStem(NetworkBuilder &b)
{
    TensorId x = b.input("input", 3, 224, 224);
    x = b.conv("conv1", x, 64, 7, 2, 3, 1, kBnRelu);
    return b.maxPool("maxpool", x, 3, 2, 1);
}

/// Global average pool + the 1000-way classifier.
void resnetHead(NetworkBuilder &b, TensorId x)
{
    x = b.globalAvgPool("avgpool", x);
    b.fc("fc", x, 1000);
}

/// Basic block (ResNet-18/34): 3×3 conv, 3×3 conv, identity or 1×1 downsample, add + ReLU.
TensorId basicBlock(NetworkBuilder &b, const std::string &prefix, TensorId in, int64_t planes, int stride)
{
    TensorId y = b.conv(prefix + ".conv1", in, planes, 3, stride, 1, 1, kBnRelu);
    y = b.conv(prefix + ".conv2", y, planes, 3, 1, 1, 1, kBn);
    TensorId shortcut = in;
    if (stride != 1 || b.tensor(in).c != planes)
        shortcut = b.conv(prefix + ".downsample.0", in, planes, 1, stride, 0, 1, kBn);
    return b.add(prefix + ".add", y, shortcut, kRelu);
}

/// Bottleneck block (ResNet-50/101), torchvision's "v1.5": the stride sits on the 3×3 conv.
TensorId bottleneck(NetworkBuilder &b, const std::string &prefix, TensorId in, int64_t planes, int stride)
{
    const int64_t out = planes * 4;
    TensorId y = b.conv(prefix + ".conv1", in, planes, 1, 1, 0, 1, kBnRelu);
    y = b.conv(prefix + ".conv2", y, planes, 3, stride, 1, 1, kBnRelu);
    y = b.conv(prefix + ".conv3", y, out, 1, 1, 0, 1, kBn);
    TensorId shortcut = in;
    if (stride != 1 || b.tensor(in).c != out)
        shortcut = b.conv(prefix + ".downsample.0", in, out, 1, stride, 0, 1, kBn);
    return b.add(prefix + ".add", y, shortcut, kRelu);
}

using BlockFn = TensorId (*)(NetworkBuilder &, const std::string &, TensorId, int64_t, int);

Workload resnet(const std::string &name, const std::array<int, 4> &blocks, BlockFn block, Precision p)
{
    NetworkBuilder b(name, p);
    TensorId x = resnetStem(b);
    const std::array<int64_t, 4> planes{64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage)
        for (int i = 0; i < blocks[stage]; ++i) {
            const std::string prefix = "layer" + std::to_string(stage + 1) + "." + std::to_string(i);
            x = block(b, prefix, x, planes[stage], (stage > 0 && i == 0) ? 2 : 1);
        }
    resnetHead(b, x);
    return b.finish();
}

/// MobileNet V1 (width 1.0, 224): a 3×3/2 conv, 13 depthwise-separable blocks
/// (`blockN.dw` 3×3 depthwise + `blockN.pw` 1×1), global average pool, `fc`.
Workload mobilenetv1(Precision p)
{
    NetworkBuilder b("mobilenetv1", p);
    TensorId x = b.input("input", 3, 224, 224);
    x = b.conv("conv1", x, 32, 3, 2, 1, 1, kBnRelu);
    // (output channels, stride of the depthwise conv), from Table 1 of the paper; the last
    // depthwise conv runs at stride 1 on 7×7 as in every reference implementation.
    const std::array<std::pair<int64_t, int>, 13> cfg{{{64, 1},
                                                       {128, 2},
                                                       {128, 1},
                                                       {256, 2},
                                                       {256, 1},
                                                       {512, 2},
                                                       {512, 1},
                                                       {512, 1},
                                                       {512, 1},
                                                       {512, 1},
                                                       {512, 1},
                                                       {1024, 2},
                                                       {1024, 1}}};
    int n = 1;
    for (const auto &[out, stride] : cfg) {
        const std::string prefix = "block" + std::to_string(n++);
        const int64_t c = b.tensor(x).c;
        x = b.conv(prefix + ".dw", x, c, 3, stride, 1, static_cast<int>(c), kBnRelu);
        x = b.conv(prefix + ".pw", x, out, 1, 1, 0, 1, kBnRelu);
    }
    x = b.globalAvgPool("avgpool", x);
    b.fc("fc", x, 1000);
    return b.finish();
}

/// MobileNet V2 (width 1.0, 224), torchvision's block numbering: features.0 is the stem,
/// features.1–17 the inverted residuals (`expand` 1×1, `dw` 3×3 depthwise, `project` 1×1
/// linear, `add` when stride 1 and channels match), features.18 the 1×1 to 1280,
/// classifier.1 the FC.
Workload mobilenetv2(Precision p)
{
    NetworkBuilder b("mobilenetv2", p);
    TensorId x = b.input("input", 3, 224, 224);
    x = b.conv("features.0", x, 32, 3, 2, 1, 1, kBnRelu6);
    struct Stage {
        int t;
        int64_t c;
        int n;
        int s;
    };
    const std::array<Stage, 7> cfg{{{1, 16, 1, 1},
                                    {6, 24, 2, 2},
                                    {6, 32, 3, 2},
                                    {6, 64, 4, 2},
                                    {6, 96, 3, 1},
                                    {6, 160, 3, 2},
                                    {6, 320, 1, 1}}};
    int index = 1;
    for (const Stage &st : cfg)
        for (int i = 0; i < st.n; ++i) {
            const std::string prefix = "features." + std::to_string(index++);
            const int stride = i == 0 ? st.s : 1;
            const int64_t in = b.tensor(x).c;
            const int64_t hidden = in * st.t;
            TensorId y = x;
            if (st.t != 1)
                y = b.conv(prefix + ".expand", y, hidden, 1, 1, 0, 1, kBnRelu6);
            y = b.conv(prefix + ".dw", y, hidden, 3, stride, 1, static_cast<int>(hidden), kBnRelu6);
            y = b.conv(prefix + ".project", y, st.c, 1, 1, 0, 1, kBn);
            x = (stride == 1 && in == st.c) ? b.add(prefix + ".add", y, x) : y;
        }
    x = b.conv("features.18", x, 1280, 1, 1, 0, 1, kBnRelu6);
    x = b.globalAvgPool("avgpool", x);
    b.fc("classifier.1", x, 1000);
    return b.finish();
}

/// LeNet-5 (LeCun et al. 1998) on a 32×32×1 input: conv1 5×5→6, pool1 2×2/2 average
/// (the paper's subsampling), conv2 5×5→16 (fully connected across channels, not the
/// paper's sparse table), pool2, conv3 5×5→120, fc1 120→84, fc2 84→10; tanh folded.
Workload lenet5(Precision p)
{
    const std::vector<std::string> tanh{"Tanh"};
    NetworkBuilder b("lenet5", p);
    TensorId x = b.input("input", 1, 32, 32);
    x = b.conv("conv1", x, 6, 5, 1, 0, 1, tanh);
    x = b.avgPool("pool1", x, 2, 2);
    x = b.conv("conv2", x, 16, 5, 1, 0, 1, tanh);
    x = b.avgPool("pool2", x, 2, 2);
    x = b.conv("conv3", x, 120, 5, 1, 0, 1, tanh);
    x = b.fc("fc1", x, 84, tanh);
    b.fc("fc2", x, 10);
    return b.finish();
}

/// A 784-256-256-10 multilayer perceptron for MNIST (28×28 = 784 inputs): fc1 784→256,
/// fc2 256→256, fc3 256→10, ReLU folded into fc1 and fc2.
Workload mlp(Precision p)
{
    NetworkBuilder b("mlp", p);
    TensorId x = b.input("input", 784, 1, 1);
    x = b.fc("fc1", x, 256, kRelu);
    x = b.fc("fc2", x, 256, kRelu);
    b.fc("fc3", x, 10);
    return b.finish();
}

using Factory = std::function<Workload(Precision)>;

const std::vector<std::pair<std::string, Factory>> &factories()
{
    static const std::vector<std::pair<std::string, Factory>> list{
        {"vgg16", vgg16},
        {"resnet18",
         [](Precision p) {
             return resnet("resnet18", {2, 2, 2, 2}, basicBlock, p);
         }},
        {"resnet34",
         [](Precision p) {
             return resnet("resnet34", {3, 4, 6, 3}, basicBlock, p);
         }},
        {"resnet50",
         [](Precision p) {
             return resnet("resnet50", {3, 4, 6, 3}, bottleneck, p);
         }},
        {"resnet101",
         [](Precision p) {
             return resnet("resnet101", {3, 4, 23, 3}, bottleneck, p);
         }},
        {"mobilenetv1", mobilenetv1},
        {"mobilenetv2", mobilenetv2},
        {"lenet5", lenet5},
        {"mlp", mlp},
    };
    return list;
}

} // namespace

std::vector<std::string> zooNames()
{
    std::vector<std::string> names;
    for (const auto &f : factories())
        names.push_back(f.first);
    for (const auto &t : transformerNames())
        names.push_back(t);
    return names;
}

std::optional<Workload> zooModel(const std::string &name, Precision precision)
{
    // Only a zoo name before the ':' makes the rest parameters (a file path may hold a ':').
    const std::string base = name.substr(0, name.find(':'));
    const auto &names = zooNames();
    if (std::find(names.begin(), names.end(), base) == names.end())
        return std::nullopt;
    const ZooSpec spec = parseZooSpec(name);
    if (auto t = transformerConfig(spec.name))
        return buildTransformer(*t, transformerDims(*t, spec), precision);
    for (const auto &[n, make] : factories())
        if (n == spec.name) {
            if (!spec.params.empty())
                throw UsageError("workload '" + name + "': " + n +
                                 " takes no key=value parameters (only the transformers do)");
            return make(precision);
        }
    return std::nullopt;
}

} // namespace fuselab
