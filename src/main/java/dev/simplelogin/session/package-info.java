/**
 * Where sessions live: JSON attributes in the database, vendor queries, undecodable rows.
 */
package dev.simplelogin.session;
