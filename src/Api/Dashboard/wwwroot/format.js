// How times and values read on the page: relative ages for presence, local times for history, values as the
// device sent them.

export function ago(iso, now = Date.now()) {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) {
    return `${seconds} s ago`;
  }
  if (seconds < 7200) {
    return `${Math.round(seconds / 60)} min ago`;
  }
  if (seconds < 172800) {
    return `${Math.round(seconds / 3600)} h ago`;
  }
  return `${Math.round(seconds / 86400)} d ago`;
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function value(v) {
  if (v === undefined) {
    return '';
  }
  if (typeof v === 'string') {
    return v;
  }
  return JSON.stringify(v);
}

/** A field value typed into a form: JSON's true, false and numbers are taken as such, anything else as text. */
export function parseValue(text) {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') {
    return trimmed === 'true';
  }
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) {
    return Number(trimmed);
  }
  return text;
}
