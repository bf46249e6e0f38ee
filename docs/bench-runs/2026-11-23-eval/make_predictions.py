# Writes 10^5 predictions over the real THUMOS'14 gt.json (python3, standard library only), seed 0:
# 70 % near a random test instance (jittered, right label 85 %), 10 % duplicates, 10 % on train videos,
# 10 % random segments in test videos. Usage: python3 make_predictions.py GT.json OUT.json
import json, random, sys
random.seed(0)
db = json.load(open(sys.argv[1]))["database"]
test = [(v, a) for v, e in db.items() if e["subset"] == "test" for a in e["annotations"]]
train = [v for v, e in db.items() if e["subset"] == "train"]
tests = sorted({v for v, _ in test})
labels = sorted({a["label"] for _, a in test})
res, made = {}, []
for k in range(100000):
    r = random.random()
    if r < 0.7:
        v, a = random.choice(test)
        s, e = float(a["segment"][0]), float(a["segment"][1])
        n = e - s
        s += random.gauss(0, 0.3) * n; e += random.gauss(0, 0.3) * n
        lab = a["label"] if random.random() < 0.85 else random.choice(labels)
        p = (v, lab, min(s, e), max(s, e))
    elif r < 0.8 and made:
        p = random.choice(made)
    else:
        v = random.choice(train) if r < 0.9 else random.choice(tests)
        s = random.uniform(0, 200); p = (v, random.choice(labels), s, s + random.uniform(0.5, 20))
    made.append(p)
    res.setdefault(p[0], []).append({"label": p[1], "score": random.random(), "segment": [p[2], p[3]]})
json.dump({"version": "VERSION 1.3", "results": res, "external_data": {}}, open(sys.argv[2], "w"))
