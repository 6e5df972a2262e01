#!/usr/bin/env python3
"""PyTorch reference for the seed net (io.bnsync.model.SeedNet), for comparison only.

PyTorch is never a dependency of the project: get an interpreter with it from bench/torch-env.sh.

    py="$(bench/torch-env.sh | tail -n 1)"
    "$py" bench/pytorch_seed_net.py --threads 2 --json                   # throughput
    "$py" bench/pytorch_seed_net.py --threads 2 --epochs 3 --json        # time to 99% test accuracy

The net, layer for layer as SeedNet.java:
  conv 1->32 3x3 s1 -> BN2d(32) -> ReLU -> conv 32->64 3x3 s1 -> BN2d(64) -> ReLU -> max-pool 2x2
  -> dropout 0.25 -> flatten -> linear 9216->128 -> BN1d(128) -> ReLU -> linear 128->10 -> log_softmax,
  NLL loss; BN eps 1e-5, momentum 0.1 (DL4J decay 0.9); Adadelta lr 1.0 (rho 0.9, eps 1e-6);
  1,200,330 trainable parameters + 448 BN running-stat elements.
Weights are initialized as the Java net's WeightInit.RELU (normal, std sqrt(2 / fan_in), zero biases)
unless --init torch (PyTorch's default initialization).
Inputs: pixel / 255, then (x - 0.1307) / 0.3081, as io.bnsync.model.MnistBatches.

Throughput mode (default), as SingleJvmBenchmark: both splits are loaded (as PyTorch's MNIST example does: the
fast allocator state, see throughput()), the first --batches minibatches of the training set are
prepared as tensors up front (conversion not timed); --warmup untimed training steps, then --batches timed
ones; then inference on the first 256 training images (model.eval(), torch.no_grad()), one untimed call,
then --inference-batches timed ones.

Epoch mode (--epochs E > 0): E epochs over the first --limit-train training images (seeded shuffle per
epoch, last partial batch kept, learning rate x --lr-decay after each epoch as conf/train.conf's lr-decay),
test accuracy on the 10,000 test images after each epoch. seconds_to_99 counts training time only (batch
gathering + forward/backward/step; test evaluations excluded); wall_seconds_to_99 includes the evaluations.

MNIST: the four IDX files (gzip, or raw) in --data (default $MNIST_DIR, else data/mnist under the
project root), read with gzip + numpy only.
"""
import argparse
import ctypes
import gzip
import json
import math
import os
import platform
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEAN, STD = 0.1307, 0.3081
TRAINABLE_PARAMS = 1_200_330
RUNNING_STAT_ELEMENTS = 448
INFERENCE_BATCH = 256
BLOCK_STEPS = 50  # throughput mode: samples/s reported per block of this many steps
FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


class SeedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.bn1 = nn.BatchNorm2d(32, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.bn2 = nn.BatchNorm2d(64, eps=1e-5, momentum=0.1)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(9216, 128)
        self.bn3 = nn.BatchNorm1d(128, eps=1e-5, momentum=0.1)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = F.max_pool2d(x, 2)
        x = self.dropout(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.bn3(self.fc1(x)))
        return F.log_softmax(self.fc2(x), dim=1)


def he_normal_init(model):
    """DL4J WeightInit.RELU: N(0, 2 / fan_in) weights, zero biases (BN: gamma 1, beta 0)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()
                m.weight.normal_(0.0, math.sqrt(2.0 / fan_in))
                m.bias.zero_()


def check_parameter_count(model):
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    running = sum(b.numel() for name, b in model.named_buffers() if not name.endswith("num_batches_tracked"))
    assert trainable == TRAINABLE_PARAMS, f"trainable parameters {trainable}, expected {TRAINABLE_PARAMS}"
    assert running == RUNNING_STAT_ELEMENTS, f"running-stat elements {running}, expected {RUNNING_STAT_ELEMENTS}"
    return trainable, running


def _open_idx(folder, name):
    for candidate, opener in ((name + ".gz", gzip.open), (name, open)):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            with opener(path, "rb") as f:
                return path, f.read()
    raise FileNotFoundError(f"MNIST file {name}(.gz) not found in {folder}")


def read_idx(folder, name, magic, limit=None):
    path, raw = _open_idx(folder, name)
    header = 16 if magic == 2051 else 8
    dims = np.frombuffer(raw, dtype=">u4", count=header // 4)
    if int(dims[0]) != magic:
        raise ValueError(f"{path}: magic {int(dims[0])}, expected {magic}")
    shape = tuple(int(d) for d in dims[1:])
    data = np.frombuffer(raw, dtype=np.uint8, offset=header)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {data.size} bytes of data, header says {shape}")
    data = data.reshape(shape)
    return data if limit is None else data[:limit]


# Same lookup as MnistBatches.NORMALIZED: (v / 255.0 - MEAN) / STD in double precision, stored as float32.
NORMALIZED = ((np.arange(256, dtype=np.float64) / 255.0 - MEAN) / STD).astype(np.float32)


def load_split(folder, split, limit=None):
    images_name, labels_name = FILES[split]
    images = read_idx(folder, images_name, 2051, limit)
    labels = read_idx(folder, labels_name, 2049, limit)
    if len(images) != len(labels):
        raise ValueError(f"{split}: {len(images)} images but {len(labels)} labels")
    x = torch.from_numpy(NORMALIZED[images]).reshape(-1, 1, 28, 28).contiguous()
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def train_step(model, optimizer, x, y):
    optimizer.zero_grad(set_to_none=True)
    loss = F.nll_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss


def throughput(args, model, optimizer, folder):
    per_epoch = 60000 // args.batch_size
    count = max(1, min(args.batches, per_epoch))
    # Both whole splits, as PyTorch's MNIST example loads them. The same training loop runs at ~500 or ~1,500
    # samples/s on 2 threads depending only on the allocator state the start leaves behind; this start gives the
    # fast state. block_samples_per_second and the process's system time show which state a run was in.
    x_all, y_all = load_split(folder, "train")
    held_test = load_split(folder, "test")
    x, y = x_all[:count * args.batch_size], y_all[:count * args.batch_size]
    batches = [(x[i * args.batch_size:(i + 1) * args.batch_size].contiguous(),
                y[i * args.batch_size:(i + 1) * args.batch_size].contiguous()) for i in range(count)]
    model.train()
    for i in range(args.warmup):
        train_step(model, optimizer, *batches[i % count])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = block_start = time.perf_counter()
    blocks = []
    for i in range(args.batches):
        loss = train_step(model, optimizer, *batches[i % count])
        if (i + 1) % BLOCK_STEPS == 0:
            now = time.perf_counter()
            blocks.append(BLOCK_STEPS * args.batch_size / (now - block_start))
            block_start = now
    loss_value = float(loss.detach()) if args.batches > 0 else None
    train_seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    del held_test

    model.eval()
    features = x[:INFERENCE_BATCH].contiguous()
    with torch.no_grad():
        model(features)
        start = time.perf_counter()
        for _ in range(args.inference_batches):
            model(features)
        inference_seconds = time.perf_counter() - start
    return {
        "mode": "throughput",
        "warmup_batches": args.warmup,
        "train_batches": args.batches,
        "train_seconds": train_seconds,
        "last_train_loss": loss_value,
        "train_samples_per_second": args.batches * args.batch_size / train_seconds if args.batches else None,
        "block_steps": BLOCK_STEPS,
        "block_samples_per_second": blocks,
        "train_user_seconds": after.ru_utime - usage.ru_utime,
        "train_system_seconds": after.ru_stime - usage.ru_stime,
        "train_minor_page_faults": after.ru_minflt - usage.ru_minflt,
        "inference_batch_size": INFERENCE_BATCH,
        "inference_batches": args.inference_batches,
        "inference_seconds": inference_seconds,
        "inference_samples_per_second":
            args.inference_batches * len(features) / inference_seconds if args.inference_batches else None,
    }


def evaluate(model, x, y):
    model.eval()
    correct, loss_sum = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(x), INFERENCE_BATCH):
            out = model(x[i:i + INFERENCE_BATCH])
            loss_sum += float(F.nll_loss(out, y[i:i + INFERENCE_BATCH], reduction="sum"))
            correct += int((out.argmax(1) == y[i:i + INFERENCE_BATCH]).sum())
    return correct / len(x), loss_sum / len(x)


def epochs(args, model, optimizer, folder):
    x, y = load_split(folder, "train", args.limit_train)
    x_test, y_test = load_split(folder, "test")
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=args.lr_decay)
    rng = np.random.RandomState(args.seed)
    n = len(x)
    results, train_total, eval_total, trained = [], 0.0, 0.0, 0
    seconds_to_target = wall_to_target = None
    wall_start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        order = torch.from_numpy(rng.permutation(n))
        model.train()
        start = time.perf_counter()
        loss_sum, steps = 0.0, 0
        for i in range(0, n, args.batch_size):
            index = order[i:i + args.batch_size]
            if len(index) < 2:  # BatchNorm in training mode needs more than one sample
                continue
            loss = train_step(model, optimizer, x.index_select(0, index), y.index_select(0, index))
            loss_sum += float(loss.detach())
            steps += 1
            trained += len(index)
        epoch_seconds = time.perf_counter() - start
        train_total += epoch_seconds
        lr = optimizer.param_groups[0]["lr"]
        scheduler.step()

        start = time.perf_counter()
        accuracy, test_loss = evaluate(model, x_test, y_test)
        eval_seconds = time.perf_counter() - start
        eval_total += eval_seconds
        wall = time.perf_counter() - wall_start
        if seconds_to_target is None and accuracy >= args.target_accuracy:
            seconds_to_target, wall_to_target = train_total, wall
        results.append({
            "epoch": epoch,
            "learning_rate": lr,
            "train_loss": loss_sum / max(steps, 1),
            "train_seconds": epoch_seconds,
            "cumulative_train_seconds": train_total,
            "test_accuracy": accuracy,
            "test_loss": test_loss,
            "eval_seconds": eval_seconds,
            "wall_seconds": wall,
        })
        if not args.json:
            print(f"epoch {epoch}: test accuracy {accuracy:.4f}  loss {test_loss:.4f}  "
                  f"train {epoch_seconds:.1f} s  (cumulative {train_total:.1f} s)", file=sys.stderr)
    return {
        "mode": "epochs",
        "epochs": args.epochs,
        "train_samples": n,
        "test_samples": len(x_test),
        "lr_decay": args.lr_decay,
        "train_samples_per_second": trained / train_total if train_total else None,
        "inference_batch_size": INFERENCE_BATCH,
        "inference_samples_per_second": args.epochs * len(x_test) / eval_total if eval_total else None,
        "per_epoch": results,
        "target_accuracy": args.target_accuracy,
        "seconds_to_99": seconds_to_target,
        "wall_seconds_to_99": wall_to_target,
        "final_test_accuracy": results[-1]["test_accuracy"] if results else None,
    }


def default_data():
    return os.environ.get("MNIST_DIR") or os.path.join(ROOT, "data", "mnist")


def parse_args(argv):
    p = argparse.ArgumentParser(description="PyTorch reference benchmark of the seed net (comparison only).")
    p.add_argument("--data", default=None, help="folder with the four MNIST IDX files "
                   "(default $MNIST_DIR, else data/mnist under the project root)")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (interop threads: 1)")
    p.add_argument("--batches", type=int, default=200, help="timed training minibatches")
    p.add_argument("--warmup", type=int, default=10, help="untimed training minibatches before timing")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--inference-batches", type=int, default=40, help=f"timed inference batches of {INFERENCE_BATCH}")
    p.add_argument("--epochs", type=int, default=0, help="> 0: train full epochs, report test accuracy per epoch")
    p.add_argument("--limit-train", type=int, default=60000, help="epoch mode: the first N training images")
    p.add_argument("--lr", type=float, default=1.0, help="Adadelta learning rate")
    p.add_argument("--lr-decay", type=float, default=0.7, help="epoch mode: learning rate x this after each epoch")
    p.add_argument("--target-accuracy", type=float, default=0.99, help="epoch mode: accuracy for seconds_to_99")
    p.add_argument("--init", choices=("he", "torch"), default="he",
                   help="he: as the Java net (WeightInit.RELU, zero biases); torch: PyTorch defaults")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    for name in ("threads", "batch_size"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    for name in ("batches", "warmup", "inference_batches", "epochs"):
        if getattr(args, name) < 0:
            p.error(f"--{name.replace('_', '-')} must be >= 0")
    if not 1 <= args.limit_train <= 60000:
        p.error("--limit-train must be in [1, 60000]")
    return args


def pin_allocator():
    """Fixes glibc's malloc thresholds so that training steps reuse memory.

    By default glibc serves blocks above a dynamic threshold with mmap and returns them to the system when freed;
    the threshold depends on what the process allocated and freed before. Whether a conv layer's activations of
    a few MB land above it decided whether every step page-faults them back in: on this machine the same loop ran
    at ~800 or ~1,200 samples/s on 2 threads, the slow runs with 5-10 s of system time per 200 steps (issue 15).
    With the thresholds fixed every run is in the fast state. Returns whether it could be done (glibc only)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(libc.mallopt(m_mmap_threshold, 32 << 20)) and bool(libc.mallopt(m_trim_threshold, 1 << 30))


def main(argv=None):
    args = parse_args(argv)
    pinned = pin_allocator()
    torch.set_num_interop_threads(1)  # before any parallel work
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    folder = args.data or default_data()

    model = SeedNet()
    if args.init == "he":
        he_normal_init(model)
    trainable, running = check_parameter_count(model)
    optimizer = torch.optim.Adadelta(model.parameters(), lr=args.lr, rho=0.9, eps=1e-6)

    result = {
        "framework": "pytorch",
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "batch_size": args.batch_size,
        "seed": args.seed,
        "init": args.init,
        "trainable_parameters": trainable,
        "running_stat_elements": running,
        "data": folder,
        "allocator_pinned": pinned,
    }
    result.update(epochs(args, model, optimizer, folder) if args.epochs > 0
                  else throughput(args, model, optimizer, folder))

    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    fmt = lambda v: "-" if v is None else (f"{v:,.1f}" if isinstance(v, float) else str(v))
    rows = [("torch", result["torch_version"]), ("threads", result["threads"]),
            ("batch size", result["batch_size"]), ("mode", result["mode"]),
            ("train samples/s", result["train_samples_per_second"]),
            (f"inference samples/s (batch {INFERENCE_BATCH})", result["inference_samples_per_second"])]
    if result["mode"] == "epochs":
        rows += [(f"epoch {r['epoch']} test accuracy", f"{r['test_accuracy']:.4f} "
                  f"(train {r['cumulative_train_seconds']:.1f} s)") for r in result["per_epoch"]]
        rows.append((f"seconds to {args.target_accuracy:.1%}", result["seconds_to_99"]))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {fmt(v)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
