import { type ModelId, modelName, modelShortName } from '../../contract/models';
import { modelColor } from '../colors';

/** Beyond two models the full names ("Bivariate Beta-LSTM") wrap a table's rows and a legend over two lines. */
export function shortNames(models: readonly unknown[]): boolean {
  return models.length > 2;
}

/** The one name a model goes by in a panel: its full name, or its short one wherever `shortNames` says so. */
export function shownName(model: ModelId, short: boolean): string {
  return short ? modelShortName(model) : modelName(model);
}

/**
 * The model's name; where room is tight, short, with the full name as its title for the pointer and as
 * hidden text for screen readers (which don't read an abbreviation's title).
 */
export function ModelLabel({ model, short }: { model: ModelId; short: boolean }) {
  if (!short || modelShortName(model) === modelName(model)) return <>{modelName(model)}</>;
  return (
    <>
      <abbr title={modelName(model)} aria-hidden="true">
        {modelShortName(model)}
      </abbr>
      <span className="sr-only">{modelName(model)}</span>
    </>
  );
}

/** A table row's header: the model's name in its colour. */
export function ModelRowHeader({ model, short }: { model: ModelId; short: boolean }) {
  return (
    <th scope="row" style={{ color: modelColor(model) }}>
      <ModelLabel model={model} short={short} />
    </th>
  );
}
