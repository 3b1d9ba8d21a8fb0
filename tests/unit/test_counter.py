"""The counter-based generator: Random123's answers, both forms equal, uniforms."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from collabsim.rules.engine import counter

#: Random123's known-answer vectors for Philox4x32-10 (kat_vectors): counter words,
#: key words, expected output words.
KNOWN = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    (
        (0xFFFFFFFF,) * 4,
        (0xFFFFFFFF,) * 2,
        (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD),
    ),
    (
        (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
        (0xA4093822, 0x299F31D0),
        (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1),
    ),
]


@pytest.mark.parametrize(("words", "key", "expected"), KNOWN)
@pytest.mark.parametrize(
    "form", [counter._philox_numpy, counter._philox_loop, counter.philox4x32]
)
def test_philox_gives_random123s_known_answers(form, words, key, expected):
    key64 = np.array([key[0] | (key[1] << 32)], dtype=np.uint64)
    block = tuple(np.array([w], dtype=np.uint64) for w in words)
    out = form(key64, block)
    assert [int(w) for w in out[:, 0]] == list(expected)


def test_loop_and_numpy_forms_agree():
    gen = np.random.default_rng(5)
    n = 2000
    key = gen.integers(0, 2**63, size=n, dtype=np.uint64) * np.uint64(2)
    words = tuple(gen.integers(0, 2**32, size=n, dtype=np.uint64) for _ in range(4))
    loop = counter._philox_loop(key, words)
    np.testing.assert_array_equal(counter._philox_numpy(key, words), loop)
    np.testing.assert_array_equal(counter.philox4x32(key, words), loop)


def test_uniforms_loop_and_numpy_forms_agree():
    gen = np.random.default_rng(8)
    key = gen.integers(0, 2**63, size=500, dtype=np.uint64)
    entity = gen.integers(0, 2**32, size=500)
    loop = counter._uniforms_loop(key, entity, 77, 1025, 3)
    np.testing.assert_array_equal(
        counter._uniforms_numpy(key, entity, 77, 1025, 3), loop
    )
    np.testing.assert_array_equal(
        counter.philox_uniforms(key, entity, 77, 1025, 3), loop
    )
    words = counter._philox_loop(
        key,
        (
            entity.astype(np.uint64),
            *(np.full(500, v, np.uint64) for v in (77, 1025, 3)),
        ),
    )
    top = ((words[0] << np.uint64(32)) | words[1]) >> np.uint64(11)
    np.testing.assert_array_equal(loop[0], top.astype(np.float64) / 2.0**53)


def test_uniforms_are_uniform_and_depend_on_every_counter_word():
    n = 20_000
    key = np.full(n, 12345, dtype=np.uint64)
    entity = np.arange(n, dtype=np.int64)
    u = counter.philox_uniforms(key, entity, 7, 3, 0)
    assert u.shape == (2, n)
    assert np.all((u >= 0.0) & (u < 1.0))
    for row in u:
        assert stats.kstest(row, "uniform").pvalue > 1e-4
    assert abs(np.corrcoef(u[0], u[1])[0, 1]) < 0.05
    # any change of key, step, stream or block gives other numbers
    others = [
        counter.philox_uniforms(key + np.uint64(1), entity, 7, 3, 0),
        counter.philox_uniforms(key, entity, 8, 3, 0),
        counter.philox_uniforms(key, entity, 7, 4, 0),
        counter.philox_uniforms(key, entity, 7, 3, 1),
    ]
    for other in others:
        assert np.mean(other == u) < 1e-3
    # 53 random bits: a double's fraction, never rounded to 1
    scaled = u * 2.0**53
    np.testing.assert_array_equal(scaled, np.floor(scaled))
