using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>Frees what a C library allocated with malloc and handed over (libvirt's XML strings).</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(nint pointer);
}
