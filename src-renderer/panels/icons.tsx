// Toolbar icons as inline SVG (no icon font: glyphs like ⏸ are missing from many system fonts).
import type { ReactElement } from 'react'

const svg = (children: ReactElement | ReactElement[]) => (
  <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" className="icon">
    {children}
  </svg>
)

export const icons = {
  folder: svg(<path d="M1.5 3h4.2l1.5 1.6h7.3v8.9h-13z" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" />),
  start: svg(<path d="M4 2.5v11l9-5.5z" fill="currentColor" />),
  runToCrash: svg([<path key="p" d="M2.5 2.5v11l8-5.5z" fill="currentColor" />, <path key="b" d="M12.5 3v6.5M12.5 11.5v1.5" stroke="currentColor" strokeWidth="1.6" />]),
  continue: svg([<rect key="b" x="2.5" y="2.5" width="2" height="11" fill="currentColor" />, <path key="p" d="M6.5 2.5v11l7.5-5.5z" fill="currentColor" />]),
  pause: svg([<rect key="l" x="3.5" y="2.5" width="3" height="11" fill="currentColor" />, <rect key="r" x="9.5" y="2.5" width="3" height="11" fill="currentColor" />]),
  stepOver: svg([
    <path key="a" d="M2.5 9a5.5 5.5 0 0 1 10.4-2.5" fill="none" stroke="currentColor" strokeWidth="1.5" />,
    <path key="h" d="M13.8 3.2v4.2H9.6z" fill="currentColor" />,
    <circle key="d" cx="8" cy="13" r="1.7" fill="currentColor" />,
  ]),
  stepIn: svg([
    <path key="a" d="M8 1.5v7" stroke="currentColor" strokeWidth="1.5" />,
    <path key="h" d="M4.5 6.5h7L8 10.5z" fill="currentColor" />,
    <circle key="d" cx="8" cy="13.3" r="1.7" fill="currentColor" />,
  ]),
  stepOut: svg([
    <path key="a" d="M8 10.5v-7" stroke="currentColor" strokeWidth="1.5" />,
    <path key="h" d="M4.5 5.5h7L8 1.5z" fill="currentColor" />,
    <circle key="d" cx="8" cy="13.3" r="1.7" fill="currentColor" />,
  ]),
  stop: svg(<rect x="3" y="3" width="10" height="10" rx="1" fill="currentColor" />),
  restart: svg([
    <path key="a" d="M12.6 6.2A5 5 0 1 0 13 9" fill="none" stroke="currentColor" strokeWidth="1.5" />,
    <path key="h" d="M13.8 2.4v4.8H9z" fill="currentColor" />,
  ]),
  keyboard: svg([
    <rect key="k" x="1.5" y="4" width="13" height="8.5" rx="1.2" fill="none" stroke="currentColor" strokeWidth="1.2" />,
    <path key="r" d="M4 6.5h1M7 6.5h1M10 6.5h1M4 8.5h1M7 8.5h1M10 8.5h1M5 10.5h6" stroke="currentColor" strokeWidth="1.1" />,
  ]),
  add: svg(<path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.4" />),
  close: svg(<path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.4" />),
  edit: svg(<path d="M3 13l.6-2.6 7-7 2 2-7 7zM9.6 4.4l2 2" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" />),
  removeAll: svg([
    <path key="a" d="M2.5 5.5l6 6M8.5 5.5l-6 6" stroke="currentColor" strokeWidth="1.3" />,
    <path key="b" d="M6 2.5h7.5v7.5" fill="none" stroke="currentColor" strokeWidth="1.2" />,
  ]),
  // A data breakpoint ("break when value changes"): a hexagon, as VS Code draws them.
  dataBreakpoint: svg(<path d="M5 2.8h6l3 5.2-3 5.2H5L2 8z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />),
  toggleAll: svg([
    <circle key="a" cx="6" cy="8" r="3.5" fill="none" stroke="currentColor" strokeWidth="1.3" />,
    <circle key="b" cx="10" cy="8" r="3.5" fill="currentColor" opacity=".55" />,
  ]),
}
