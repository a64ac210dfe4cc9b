package dev.simplelogin.session;

/**
 * Sessions that the cleanup deleted because they had idled out. The cleanup deletes rows
 * without reading them, so they are reported as one count per run, not one by one.
 *
 * @param count how many were deleted
 */
public record SessionsExpired(int count) {
}
