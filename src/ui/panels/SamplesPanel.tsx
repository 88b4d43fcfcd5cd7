import { useEffect, useId, useRef, useState } from 'react';
import { type ModelId, modelName } from '../../contract/models';
import { modelColor } from '../colors';
import { samplesText } from '../exports/samplesText';
import { Panel } from './Panel';
import { DraftNumberInput } from '../DraftNumberInput';

export interface SampleRequest {
  temperature: number;
  length: number;
  prime: string;
}

const LENGTH = 240;

/**
 * Text each model writes at a sampling temperature, from an optional start. Shown with a trained run and
 * nothing sampled yet, it asks for one sample at the settings on show, so the panel is never blank.
 */
export function SamplesPanel({
  samples,
  step,
  onSample,
}: {
  samples: { model: ModelId; text: string }[];
  /** The run's step: at 0 there is nothing worth sampling. */
  step: number;
  onSample: (request: SampleRequest) => void;
}) {
  const id = useId();
  const [temperature, setTemperature] = useState(0.8);
  const [prime, setPrime] = useState('');
  const [asked, setAsked] = useState<SampleRequest | null>(null);
  const ask = (request: SampleRequest) => {
    setAsked(request);
    onSample(request);
  };
  const askedFirst = useRef(false);
  useEffect(() => {
    // A run at step 0 (Reset, Apply, another run) is a new run: its first trained step gets a sample too.
    if (step === 0) askedFirst.current = false;
    if (askedFirst.current || samples.length > 0 || step === 0) return;
    askedFirst.current = true;
    const request = { temperature, length: LENGTH, prime };
    setAsked(request);
    onSample(request);
  }, [samples.length, step, temperature, prime, onSample]);
  return (
    <Panel
      id="samples"
      title="Samples"
      hint="Text each model writes, one character at a time. Lower temperature: safer, more repetitive."
      exports={{ name: 'samples', text: (meta) => samplesText(samples, asked, meta) }}
    >
      <form
        className="panel-controls"
        onSubmit={(e) => {
          e.preventDefault();
          ask({ temperature, length: LENGTH, prime });
        }}
      >
        <label htmlFor={`${id}-temperature`}>
          Sampling temperature{' '}
          <DraftNumberInput
            id={`${id}-temperature`}
            min={0.05}
            max={3}
            step={0.05}
            value={temperature}
            onValue={setTemperature}
          />
        </label>
        <label htmlFor={`${id}-prime`}>
          Start{' '}
          <input id={`${id}-prime`} type="text" size={10} maxLength={200} value={prime} onChange={(e) => setPrime(e.target.value)} />
        </label>
        <button type="submit">Sample text</button>
      </form>
      {samples.length === 0 && (
        <p className="hint" data-testid="samples-empty">
          {step === 0 ? 'Nothing to sample yet: train a few steps, then press Sample text.' : asked ? 'Sampling…' : 'Press Sample text.'}
        </p>
      )}
      {samples.map((s) => (
        <figure key={s.model}>
          <figcaption style={{ color: modelColor(s.model) }}>{modelName(s.model)}</figcaption>
          <pre data-testid={`sample-${s.model}`}>{s.text}</pre>
        </figure>
      ))}
    </Panel>
  );
}
