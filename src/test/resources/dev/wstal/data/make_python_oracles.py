"""Regenerates the Python oracle files used by the dev.wstal.data tests (python3, standard library only).

python_float_repr.tsv    double bits (hex) <TAB> repr(float)
python_float_parse.tsv   json.dumps(input string) <TAB> bits (hex) of float(input), or ValueError
thumos14_gt_digest.tsv   per video of gt.json (file order): id, subset, annotation count, first and last annotation
                         (label, start bits, end bits), from json.load and float()
"""
import json
import random
import struct
import sys

def bits(x):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]

def from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]

rng = random.Random(20240531)
values = [0.1, 0.2, 0.1 + 0.2, 18.6, 41.0, 1e-4, 1e-5, 1.5e-5, 1e15, 1e16, 1.5e16, 123456789012345678.0, 1e22, 1e23,
          2.0**-1074, 2.0**-1022, 2.0**-1022 - 2.0**-1074, 1.7976931348623157e308, 2.0**52, 2.0**53, 2.0**63,
          0.3, 2.0 / 3, 100.0, 9.5, 0.0001, 0.00009999999999999999, 5e-324, 1.18575755e-316,
          2.82879384806159e17, 4.35, 0.64, 0.64 * 3, 16 * 7 / (1 * 750 * 25.0)]
for _ in range(1500):  # uniformly random bit patterns (finite, positive and negative)
    while True:
        x = from_bits(rng.getrandbits(64))
        if x == x and abs(x) != float('inf'):
            break
    values.append(x)
for _ in range(1000):  # second-like values with one or two decimals, and arithmetic on them
    a = round(rng.uniform(0, 2000), rng.choice([1, 2]))
    values.append(a)
    values.append(a * 0.64 / 3)
for _ in range(3000):  # decimals of 1 to 17 significant digits at any scale, near the normal/subnormal edge too
    digits = rng.randint(1, 17)
    mantissa = rng.randrange(10 ** (digits - 1), 10 ** digits)
    exponent = rng.choice([rng.randint(-20, 20), rng.randint(-330, 308), rng.randint(-325, -300)])
    x = float('%de%d' % (mantissa, exponent))
    if x != 0.0 and x != float('inf'):
        values.append(x)
for e in range(-330, 309):  # powers of two and ten at every scale (lopsided round-trip intervals)
    for x in (10.0 ** e if -324 < e < 309 else 0.0, 2.0 ** max(min(e * 3, 1023), -1074)):
        if x != 0.0:
            values.append(x)
            values.append(-x)
with open('python_float_repr.tsv', 'w') as f:
    for x in values:
        f.write(bits(x) + '\t' + repr(x) + '\n')

inputs = ['18.6', ' 18.6 ', '\t7\n', '1_000.5', '1__0', '_1', '1_', '1._5', '1.', '.5', '.', '', ' ', '+3', '-0',
          '-0.0', '1e5', '1E-5', '1e+5', '1e', 'e5', '1.5d', '1.5f', '0x10', '0x1p3', 'inf', '-Infinity', 'INF',
          'nan', '-NaN', 'infinit', 'abc', '1e400', '-1e400', '1e-400', '9007199254740993', '0.1e1_0', '1 2',
          '\u00a018.6\u00a0', '\u3000 5', '\u0085 5', '\u0661', '1.5e+', '4.35', '00012', '1,5',
          '2.2250738585072011e-308', '2.4703282292062328e-324', '2.4703282292062327e-324']
with open('python_float_parse.tsv', 'w') as f:
    for s in inputs:
        try:
            out = bits(float(s))
        except ValueError:
            out = 'ValueError'
        f.write(json.dumps(s) + '\t' + out + '\n')

if len(sys.argv) > 1:
    db = json.load(open(sys.argv[1]))['database']
    with open('thumos14_gt_digest.tsv', 'w') as f:
        for vid, v in db.items():
            a = v['annotations']
            row = [vid, v['subset'], str(len(a))]
            for ann in (a[0], a[-1]):
                row += [ann['label'], bits(float(ann['segment'][0])), bits(float(ann['segment'][1]))]
            f.write('\t'.join(row) + '\n')
