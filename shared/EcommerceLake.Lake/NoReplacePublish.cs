using System.Runtime.InteropServices;

namespace EcommerceLake.Lake;

/// <summary>
/// Gives a finished temporary file its final name only when no file has that name yet: an atomic create-if-absent,
/// so of concurrent writers of one path exactly one wins. .NET's <c>File.Move</c> without overwrite is not one on
/// Unix: it checks for the target and then renames, so two writers can both pass the check and the later rename
/// replaces the earlier object. On Unix the name is made with link(2) instead (POSIX.1-2017, <c>link()</c>: one
/// filesystem operation that fails with <c>EEXIST</c> when the new path exists); on Windows <c>File.Move</c> is
/// <c>MoveFileEx</c> without <c>MOVEFILE_REPLACE_EXISTING</c>, which fails when the target exists. On Unix the
/// temporary file keeps its own name as well; the caller deletes it.
/// </summary>
internal static partial class NoReplacePublish
{
    // errno.h: EEXIST is 17 on Linux and on macOS.
    private const int FileExists = 17;

    /// <summary>Names <paramref name="temp"/> <paramref name="target"/> (both full paths on one filesystem).</summary>
    /// <returns>False, with nothing changed, when <paramref name="target"/> exists.</returns>
    /// <exception cref="IOException">The name could not be made for another reason (from <c>File.Move</c>, tried
    /// after link(2) failed otherwise than with <c>EEXIST</c>).</exception>
    public static bool TryPublish(string temp, string target)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (Link(temp, target) == 0) return true;
            if (Marshal.GetLastPInvokeError() == FileExists) return false;
            // A filesystem without hard links (some network and FUSE mounts) gets File.Move's check-then-rename,
            // which still refuses a target that existed before it and raises the move's own error otherwise.
        }
        try
        {
            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);
}
