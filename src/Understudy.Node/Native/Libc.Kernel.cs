using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>The raw syscall (bpf has no libc wrapper), and the filesystem calls that mount the
/// bpf filesystem where pinned objects live.</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, int command, byte* attr, uint size);

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int StatFs(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Mount(string source, string target, string type, ulong flags, string? data);
}
