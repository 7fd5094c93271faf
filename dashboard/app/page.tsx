/** The overview route: active and recent runs. */
import { OverviewPage } from '../ui/runs/overview-page';

/** Renders the overview. */
export default function Page() {
  return <OverviewPage />;
}
