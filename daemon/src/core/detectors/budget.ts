/** Token and cost budgets from the script's usage reports; totals survive restarts. */
import type { DetectionConfig, DetectorName, Finding, FindingUnit } from '../types.js';

type BudgetDetector = Extract<DetectorName, 'token-budget' | 'cost-budget'>;

/** Warn at alertRatio of the budget, breach at 100%; `observe` takes the cumulative total the attempt reported. */
export function createBudgetDetector(detector: BudgetDetector, max: number | null, cfg: DetectionConfig['budget']) {
  const unit: FindingUnit = detector === 'token-budget' ? 'tokens' : 'usd';
  let carried = 0;
  let reported = 0;
  return {
    observe(total: number): void {
      reported = total;
    },
    total(): number {
      return carried + reported;
    },
    evaluate(): Finding | null {
      const total = carried + reported;
      if (max === null || total < max * cfg.alertRatio) return null;
      return {
        detector,
        severity: total >= max ? 'breach' : 'warn',
        observed: total,
        threshold: max,
        unit,
        windowMs: 0,
        sampleLines: [],
        detail: { ratio: Math.round((total / max) * 1000) / 1000, alertRatio: cfg.alertRatio },
      };
    },
    /** A restarted attempt reports from zero again: keep what the previous attempts spent. */
    reset(): void {
      carried += reported;
      reported = 0;
    },
  };
}
