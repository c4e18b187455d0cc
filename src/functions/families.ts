/** Imports every function family for its registrations (order = overload priority per name). */
