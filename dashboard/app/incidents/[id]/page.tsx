/** The incident route: /incidents/<id>, the chain of events of one incident. */
import { IncidentPage } from '../../../ui/incidents/incident-page';

/** Renders one incident. */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <IncidentPage incidentId={id} />;
}
