'use client';
/** An empty state that says what to do next, with the command to copy. */
import { useState, type ReactNode } from 'react';
import { RUN_HINT } from '../../lib/constants';

/** A command in a copyable box. */
export function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    void navigator.clipboard.writeText(command).then(
      () => {
        setCopied(true);
        setTimeout(() => {
          setCopied(false);
        }, 1500);
      },
      () => undefined, // clipboard refused (insecure context): the command is still selectable
    );
  };
  return (
    <span className="copy-cmd">
      <code>{command}</code>
      <button type="button" className="btn btn-small" onClick={copy} aria-label={`Copy command: ${command}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

/** Says there is nothing here yet and how to get something, by default with the `flowforge run` command. */
export function EmptyState({
  title,
  children,
  command = RUN_HINT,
}: {
  title: string;
  children?: ReactNode;
  command?: string | null;
}) {
  return (
    <div className="empty" data-testid="empty-state">
      <h2>{title}</h2>
      {children !== undefined ? <p>{children}</p> : null}
      {command !== null ? <CopyCommand command={command} /> : null}
    </div>
  );
}
