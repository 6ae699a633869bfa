/** The Healthbar mark and name, as on the toolbar icon. */
export function Brand({ size = 20 }: { size?: number }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontWeight: 600 }}>
      <img src="/icon/32.png" width={size} height={size} alt="" />
      Healthbar
    </span>
  );
}
