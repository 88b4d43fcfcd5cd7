import type { ClaimCheck } from '../../model/paperCheck';
import { Panel } from './Panel';

/**
 * The paper's three claims, each with the paper's figure, this run's and the verdict, all computed by
 * src/model/paperCheck.ts from the live reports; this component only lays them out.
 */
export function PaperCheckPanel({ check }: { check: { checks: ClaimCheck[] } | { missing: string } }) {
  return (
    <Panel
      id="paper-check"
      title="Paper check"
      hint="Li et al. (ICML 2018) claim three things of G2-LSTM against the LSTM; here each is judged on this run's numbers (σ(z) gates, validation slice) as it trains."
    >
      {'missing' in check ? (
        <p data-testid="paper-check-missing">{check.missing}</p>
      ) : (
        <table className="numbers paper-check" data-testid="paper-check">
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Paper</th>
              <th scope="col">This run</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {check.checks.map((c) => (
              <tr key={c.claim}>
                <th scope="row">{c.claim}</th>
                <td>{c.paper}</td>
                <td>{c.measured}</td>
                <td data-testid="verdict" data-verdict={c.verdict}>
                  <strong>{c.verdict}</strong>: {c.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
