/** Imports every function family for its registrations (order = overload priority per name). */
import './arithmetic.js';
import './operators.js';
import './math-functions.js';
import './string-functions.js';
import './binary-functions.js';
import './conditional-functions.js';
import './regexp-functions.js';
import './datetime-functions.js';
import './json-functions.js';
import './array-functions.js';
import './map-functions.js';
import './lambda-functions.js';
import './aggregates-basic.js';
import './aggregates-collect.js';
import './aggregates-stats.js';
import './approx-distinct.js';
import './misc-functions.js';
