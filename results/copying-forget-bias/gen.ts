// Copying task T 10: the page's training text (seed 1) and 256 held-out examples (another seed) for recall.
import { writeFileSync } from 'node:fs';
import { copyingText } from '../src/data/corpora';
import { copyExample } from '../src/data/synthetic';
import { SeedStream } from '../src/model/seeds';
writeFileSync('.devstudy/copy10.txt', copyingText(1, 10));
const seeds = new SeedStream(1 + 0x5eed);
writeFileSync('.devstudy/copy10-heldout.json', JSON.stringify(Array.from({ length: 256 }, () => copyExample(seeds, 10))));
