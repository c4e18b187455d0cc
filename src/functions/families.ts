/** Imports every function family for its registrations (order = overload priority per name). */
import './arithmetic.js';
import './operators.js';
