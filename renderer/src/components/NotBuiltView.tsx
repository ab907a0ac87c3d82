interface NotBuiltViewProps {
  title: string;
  children: string;
}

/** A view that does not exist yet says so plainly, with nothing pretending to be data. */
export function NotBuiltView({ title, children }: NotBuiltViewProps) {
  return (
    <section className="view view-not-built">
      <h1 tabIndex={-1}>{title}</h1>
      <p>{children}</p>
    </section>
  );
}
