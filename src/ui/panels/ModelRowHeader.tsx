import type { ModelId } from '../../worker/models';
import { modelColor, modelName, modelShortName } from '../colors';

/** Beyond two models the full names ("Bivariate Beta-LSTM") wrap a table's rows and a legend over two lines. */
export function shortNames(models: readonly unknown[]): boolean {
  return models.length > 2;
}

/** The model's name; short, with the full name as its title, where room is tight. */
export function ModelLabel({ model, short }: { model: ModelId; short: boolean }) {
  return short ? <abbr title={modelName(model)}>{modelShortName(model)}</abbr> : <>{modelName(model)}</>;
}

/** A table row's header: the model's name in its colour. */
export function ModelRowHeader({ model, short }: { model: ModelId; short: boolean }) {
  return (
    <th scope="row" style={{ color: modelColor(model) }}>
      <ModelLabel model={model} short={short} />
    </th>
  );
}
