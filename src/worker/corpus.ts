import { builtinCorpus } from '../data/corpora';
import { type PreparedCorpus, prepareString, prepareText } from '../data/prepare';
import type { RunSettings } from './protocol';

export type { PreparedCorpus };

/** The run's text, checked and tokenized; a problem with it is thrown as the user-facing message. */
export async function prepareCorpus(settings: RunSettings): Promise<PreparedCorpus> {
  const options = { batch: settings.batch, seqLen: settings.seqLen };
  const source = settings.corpus;
  const prepared =
    source.kind === 'upload'
      ? prepareText(source.bytes, { ...options, name: source.name })
      : prepareString(await builtinCorpus(source.id).load(settings.seed, { copyDelay: settings.copyDelay }), { ...options, name: source.id });
  if (!prepared.ok) throw new Error(prepared.message);
  return prepared;
}
