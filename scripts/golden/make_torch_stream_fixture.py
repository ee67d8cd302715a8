"""Fixture for src/engine/util/torchGenerator.ts and src/engine/model/nanogptInit.ts: what PyTorch's CPU generator
draws after torch.manual_seed, and the weights nanoGPT's model construction ends up with.

nanogpt_init.py builds nanoGPT's module tree in nanoGPT's order, so the random stream is consumed exactly as nanoGPT
consumes it.
Run: /usr/bin/python3 scripts/golden/make_torch_stream_fixture.py  (writes tests/fixtures/torch_stream.json)
"""
import json
import sys
from pathlib import Path

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).parent))
from nanogpt_init import nanogpt_weights  # noqa: E402

torch.set_default_dtype(torch.float32)


def flat(t):
    return [float('%.9g' % v) for v in t.detach().reshape(-1)]  # float32 needs 9 digits


def model_case(seed, V, T, L, C, bias):
    torch.manual_seed(seed)
    params = {name: flat(p) for name, p in nanogpt_weights(V, T, L, C, bias).items()}
    after = [int(v) for v in torch.randint(1000, (12,))]  # the stream continues where the model left it
    return dict(seed=seed, config=dict(vocabSize=V, blockSize=T, nLayer=L, nHead=2, nEmbd=C, bias=bias),
                params=params, randintAfter=after)


torch.manual_seed(7)
stream = dict(
    seed=7,
    randint1000=[int(v) for v in torch.randint(1000, (12,))],
    randintLarge=[int(v) for v in torch.randint(1003790, (12,))],
    rand=flat(torch.rand(20)),
    randn40=flat(torch.randn(40)),
    uniform=flat(torch.empty(10).uniform_(-0.5, 2.0)),
    normal=flat(torch.empty(48).normal_(1.0, 0.02)),
)
out = dict(
    note="Written by scripts/golden/make_torch_stream_fixture.py with PyTorch " + torch.__version__,
    stream=stream,
    models=[model_case(1337, 11, 8, 2, 16, False), model_case(3, 10, 8, 1, 16, True)],
)
path = Path(__file__).parents[2] / "tests/fixtures/torch_stream.json"
path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
