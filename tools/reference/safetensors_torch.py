#!/usr/bin/python3
"""PyTorch and Downhill's model files (safetensors), both ways, with no safetensors package: the format by hand.

1. Loads tests/Downhill.Tests/Fixtures/downhill_model.safetensors, which Downhill wrote (ModelFile.Save; the tests check
   Downhill still writes exactly these bytes): parses the header, builds the module its metadata names
   (downhill.pytorch, a torch.nn.Sequential), load_state_dict(strict=True) on every tensor but input.mean and
   input.std, and computes the logits of some rows standardized with those two, as a PyTorch user would.
2. Writes tests/Downhill.Tests/Fixtures/torch_model.safetensors from a torch.nn.Sequential of its own (state_dict names
   and shapes, float32, Downhill's metadata keys) and computes its logits on the same rows.

Both sets of logits go to tests/Downhill.Tests/Fixtures/safetensors.json; the tests load both files in Downhill and
compare its logits with torch's.

Run: /usr/bin/python3 tools/reference/safetensors_torch.py   (Debian's python3-torch 1.13)
"""
import json
import os
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "tests", "Downhill.Tests", "Fixtures")


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"]).copy())
    return header.get("__metadata__", {}), tensors


def write_safetensors(path, tensors, metadata):
    header, offset = {"__metadata__": metadata}, 0
    for name, t in tensors.items():
        size = t.numel() * 4
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for t in tensors.values():
            out.write(t.detach().numpy().astype("<f4").tobytes())


def logits(module, tensors, x):
    with torch.no_grad():
        return module((x - tensors["input.mean"]) / tensors["input.std"]).tolist()


def main():
    x = torch.from_numpy(np.random.default_rng(11).standard_normal((6, 4)).astype(np.float32))

    metadata, tensors = read_safetensors(os.path.join(FIXTURES, "downhill_model.safetensors"))
    module = eval(metadata["downhill.pytorch"])
    module.load_state_dict({k: v for k, v in tensors.items() if not k.startswith("input.")}, strict=True)
    downhill = {"model": metadata["downhill.model"], "logits": logits(module, tensors, x)}

    torch.manual_seed(4)
    mine = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.Tanh(), torch.nn.Linear(6, 6), torch.nn.Tanh(),
                               torch.nn.Linear(6, 3))
    state = {k: v.float() for k, v in mine.state_dict().items()}
    state["input.mean"] = torch.tensor([0.25, -0.5, 1.0, 0.0])
    state["input.std"] = torch.tensor([2.0, 0.5, 1.25, 1.0])
    write_safetensors(os.path.join(FIXTURES, "torch_model.safetensors"), state,
                      {"format": "pt", "downhill.model": "mlp:6,6:tanh", "downhill.inputs": "4", "downhill.classes": "3",
                       "downhill.targets": "1"})
    written = {"model": "mlp:6,6:tanh", "logits": logits(mine, state, x)}

    document = {"torch": torch.__version__, "x": x.reshape(-1).tolist(), "downhillModel": downhill, "torchModel": written}
    with open(os.path.join(FIXTURES, "safetensors.json"), "w") as out:
        json.dump(document, out, indent=1)
        out.write("\n")
    print("wrote torch_model.safetensors and safetensors.json")


if __name__ == "__main__":
    main()
