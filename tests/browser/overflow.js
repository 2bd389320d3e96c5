// What tests/browser/test_site.py checks on every page: elements that reach past the
// viewport (as far as they are visible: a box that clips its content hides the rest),
// and boxes that hide content sideways, or need scrolling sideways to show it.
(SCROLLS) => {
  const width = document.documentElement.clientWidth, out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const clips = (style) => style.overflowX !== 'visible';
  if (document.documentElement.scrollWidth > width)
    out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    let left = box.left, right = box.right;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (!clips(getComputedStyle(up))) continue;
      const b = up.getBoundingClientRect();
      left = Math.max(left, b.left);
      right = Math.min(right, b.right);
    }
    if (right > left && (right > width + 1 || left < -1))
      out.push(`${name(el)} spans ${Math.round(left)}..${Math.round(right)}`);
    if (clips(style) && el.scrollWidth > el.clientWidth + 1 && !el.matches(SCROLLS))
      out.push(`${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth}: ${el.textContent.trim().slice(0, 60)}`);
  }
  return out;
}
