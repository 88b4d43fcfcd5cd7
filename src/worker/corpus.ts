import { builtinCorpus } from '../data/corpora';
import { type PreparedCorpus, prepareString, prepareText } from '../data/prepare';
import type { RunSettings } from '../contract/runSettings';

export type { PreparedCorpus };

/** The run's text, checked and tokenized; a problem with it is thrown as the user-facing message. */
export async function prepareCorpus(settings: RunSettings): Promise<PreparedCorpus> {
  const options = { batch: settings.batch, seqLen: settings.seqLen };
  const source = settings.corpus;
  let prepared;
  if (source.kind === 'upload') {
    prepared = prepareText(source.bytes, { ...options, name: source.name });
  } else {
    const builtin = builtinCorpus(source.id);
    const corpusOptions = { copyDelay: settings.copyDelay };
    const text = await builtin.load(settings.seed, corpusOptions);
    prepared = prepareString(text, { ...options, name: source.id, exampleLength: builtin.exampleLength?.(corpusOptions) });
  }
  if (!prepared.ok) throw new Error(prepared.message);
  return prepared;
}
