import type { Child, FC } from 'hono/jsx';

// The one page frame: a header naming the product and where you are, the page's content, no script. Pages are
// usable without client script; the stylesheet is the only asset.

export interface LayoutProps {
  readonly title: string;
  /** What the header says on the right (e.g. who is signed in), if anything. */
  readonly aside?: Child;
  readonly children?: Child;
}

export const Layout: FC<LayoutProps> = ({ title, aside, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="same-origin" />
      <title>{`${title} | gatehouse`}</title>
      <link rel="stylesheet" href="/assets/gatehouse.css" />
    </head>
    <body>
      <header class="top">
        <span class="brand">gatehouse</span>
        {aside ? <span class="aside">{aside}</span> : null}
      </header>
      <main id="main">
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
);

/** A message box: role=alert for errors so screen readers announce them. */
export const Notice: FC<{ readonly kind: 'error' | 'info'; readonly children?: Child }> = ({ kind, children }) => (
  <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    {children}
  </p>
);
