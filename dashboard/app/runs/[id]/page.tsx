/** The run route: /runs/<run id>. */
import { RunPage } from '../../../ui/run/run-page';

/** Renders the page of one run. */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunPage runId={decodeURIComponent(id)} />;
}
