/** The 404 page. */
import Link from 'next/link';

/** Says the page does not exist and links back to the overview. */
export default function NotFound() {
  return (
    <div className="empty">
      <h2>Page not found</h2>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </div>
  );
}
