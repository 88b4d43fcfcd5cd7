import { builtinCorpus } from '../../src/data/corpora';
import { type PreparedCorpus, prepareString } from '../../src/data/prepare';

/** Moby-Dick prepared by the app's own code: its vocabulary size and batch stream are the app's. */
let text: string | null = null;

export async function mobyDick(batch: number, seqLen: number): Promise<PreparedCorpus> {
  text ??= await builtinCorpus('moby-dick').load(1);
  const prepared = prepareString(text, { name: 'moby-dick', batch, seqLen });
  if (!prepared.ok) throw new Error(prepared.message);
  return prepared;
}
