export function Wizard() {
  return null;
}
