"""Writes the .npy fixtures of dev.wstal.data's Npy*, FeatureLayout and TemporalSampling tests.

Made with Python 3 and numpy 2.4.6 (np.save / np.lib.format.write_array); run from this directory:
    python3 make_fixtures.py
The expected values in the Java tests are literals typed from the arrays below, not read back through wstal.
"""
import io
import math

import numpy as np


def save(name, array, version=None, allow_pickle=False):
    with open(name, "wb") as f:
        if version is None:
            np.save(f, array, allow_pickle=allow_pickle)
        else:
            np.lib.format.write_array(f, array, version=version, allow_pickle=allow_pickle)


# Reader: versions 1.0, 2.0 and 3.0 of the same float32 array.
f4 = np.array([[0.1, -2.5, 3.4028235e38], [1e-45, -0.0, 7.0]], dtype="<f4")
save("v1_f4_2x3.npy", f4)
save("v2_f4_2x3.npy", f4, version=(2, 0))
save("v3_f4_2x3.npy", f4, version=(3, 0))
# A non-Latin-1 field name makes np.save choose version 3.0 (UTF-8 header); structured dtypes are rejected.
save("v3_struct_utf8.npy", np.zeros(2, dtype=[("时间", "<f4")]))

# Reader: dtypes.
save("f8_6.npy", np.array([math.pi, -0.0, math.inf, -math.inf, 5e-324, math.nan], dtype="<f8"))
save("be_f4_2x2.npy", np.array([[1.5, -2.0], [0.1, 65504.0]], dtype=">f4"))
save("be_i4_3.npy", np.array([1, -2, 2**31 - 1], dtype=">i4"))
save("i4_4.npy", np.array([-2**31, -1, 0, 2**31 - 1], dtype="<i4"))
save("i8_4.npy", np.array([-2**53, -1, 2**53, 2**62], dtype="<i8"))
save("i8_inexact.npy", np.array([0, 2**53 + 1], dtype="<i8"))
save("u1_3.npy", np.array([0, 128, 255], dtype="|u1"))
save("b1_3.npy", np.array([True, False, True], dtype="|b1"))
save("s5_3.npy", np.array([b"ab", b"hello", b""], dtype="|S5"))
save("u3_2.npy", np.array(["ab", "c"], dtype="<U3"))  # unsupported descr

# Reader: Fortran order, shapes () and (0, m), object arrays.
save("fortran_f4_2x3.npy", np.asfortranarray(np.array([[1, 2, 3], [4, 5, 6]], dtype="<f4")))
save("fortran_f8_2x3x4.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)))
save("fortran_s1_2x2.npy", np.asfortranarray(np.array([[b"a", b"b"], [b"c", b"d"]], dtype="|S1")))
save("scalar_f8.npy", np.array(2.5, dtype="<f8"))
save("empty_f4_0x4.npy", np.zeros((0, 4), dtype="<f4"))
save("object.npy", np.array([np.zeros(2), "x"], dtype=object), allow_pickle=True)

# Reader: an old-style header built by hand: other key order, Python 2 'L' suffixes, no trailing comma,
# padded to a 16-byte boundary (numpy < 1.9 aligned to 16).
header = "{'shape': (2L, 2L), 'fortran_order': False, 'descr': '<f8'}"
total = 10 + len(header) + 1
header += " " * ((16 - total % 16) % 16) + "\n"
with open("legacy_align16.npy", "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1"))
    f.write(np.array([1.0, 2.0, 3.0, 4.0], dtype="<f8").tobytes())

# Writer: the bytes NpyWriter must reproduce exactly.
save("written_f32_2x3.npy", np.array([[0.1, -2.5, 3.0], [4.0, 5.5, -0.0]], dtype="<f4"))
save("written_f64_scalar.npy", np.array(2.5, dtype="<f8"))
save("written_f64_5.npy", np.array([math.pi, -0.0, 1e300, 5e-324, -1.0], dtype="<f8"))
save("written_f32_0x4.npy", np.zeros((0, 4), dtype="<f4"))
# 10 + header + '\n' is already a multiple of 64 here, so numpy pads a further 64 spaces.
save("written_f64_aligned.npy", np.zeros((0, 1, 1, 1) + (10,) * 8, dtype="<f8"))

# TemporalSampling: test-time indices for these lengths at max = 750, with the exact floor(k*tv/750)
# (integer product, then division, as UM's uniform_sampling) and with the FTCL code's floor(k * (tv/750)).
lengths = np.array([755, 784, 1000, 2437], dtype="<i4")
k = np.arange(750)
save("uniform_lengths.npy", lengths)
save("uniform_exact.npy", np.stack([np.floor(k * int(t) / 750) for t in lengths]).astype("<i4"))
save("uniform_scaled.npy", np.stack([np.floor(k * (int(t) / 750)) for t in lengths]).astype("<i4"))
