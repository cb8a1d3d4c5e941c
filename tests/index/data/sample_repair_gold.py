import json, random, re, sys
sys.path.insert(0, '.')
from index.repair.markers import split_marker
from index.report import BlockKind, segment, CHAPTER_WORDS, SECTION_WORDS
lines = open('index/data/a74-trafficking.txt', encoding='utf-8').read().splitlines()
existing = {json.loads(l)['line'] for l in open('tests/index/data/repair_gold.jsonl', encoding='utf-8')}
blocks = segment(lines)
heading_lines = set(); chapter_of = {}
chapter = 'ملخص'
for b in blocks:
    if b.kind is BlockKind.HEADING and b.marker in CHAPTER_WORDS:
        chapter = b.marker
    for n in b.line_numbers:
        chapter_of[n] = chapter
        if b.kind is BlockKind.HEADING and (b.marker in CHAPTER_WORDS or b.marker in SECTION_WORDS):
            heading_lines.add(n)
SYM = re.compile(r'[\u06400-9\u0660-\u0669A-Za-z()"«»]|(?<=\S)\s{2,}(?=\S)|(?:^|\s)[\u0621-\u064a](?:\s|$)')
def symptom(raw):
    _, rest = split_marker(raw)
    rest = rest.strip()
    return bool(SYM.search(rest))
cands = [n for n, l in enumerate(lines, 1) if l.strip() and n in chapter_of]
sym = [n for n in cands if symptom(lines[n-1]) and n not in existing]
clean = [n for n in cands if not symptom(lines[n-1]) and n not in existing]
print(len(cands), len(sym), len(clean), len(heading_lines), file=sys.stderr)
rng = random.Random(2026); rng.shuffle(sym)
pick = sorted(set(sym[:110]) | (heading_lines - existing))
rng2 = random.Random(2027); rng2.shuffle(clean)
pick_clean = sorted(clean[:40])
rows = [dict(line=n, raw=lines[n-1], chapter=chapter_of[n], kind='heading' if n in heading_lines else 'body', symptom=True) for n in pick]
rows += [dict(line=n, raw=lines[n-1], chapter=chapter_of[n], kind='heading' if n in heading_lines else 'body', symptom=False) for n in pick_clean]
rows.sort(key=lambda r: r['line'])
print(len(rows), sum(r['kind']=='heading' for r in rows), file=sys.stderr)
half = len(rows)//2
for name, part in (('A', rows[:half]), ('B', rows[half:])):
    with open(f'/tmp/gold_todo_{name}.jsonl', 'w', encoding='utf-8') as f:
        for r in part: f.write(json.dumps(r, ensure_ascii=False) + '\n')
