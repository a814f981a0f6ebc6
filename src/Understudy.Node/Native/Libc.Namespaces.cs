using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>Linux namespaces: the calling thread joins the namespace an open fd names.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);
}
