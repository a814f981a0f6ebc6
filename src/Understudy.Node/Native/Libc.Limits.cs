using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>The descriptor limit, and a spare descriptor to give back when it is reached.</summary>
internal static unsafe partial class Libc
{
    public const int ENfile = 23;
    public const int EMfile = 24;
    public const int ENoBufs = 105;
    public const int ENoMem = 12;
    public const int EConnAborted = 103;
    public const int EProto = 71;

    private const int RlimitNoFile = 7;
    private const int ORdOnly = 0;
    private const int OCloexec = 0x80000;

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, ulong* limits);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    /// <summary>This process's soft RLIMIT_NOFILE (the runtime raises it to the hard limit at start).</summary>
    public static long DescriptorLimit()
    {
        var limits = stackalloc ulong[2];
        return GetRLimit(RlimitNoFile, limits) == 0 ? (long)Math.Min(limits[0], long.MaxValue) : 1024;
    }

    /// <summary>A descriptor held in reserve (on /dev/null), or -1 if none could be opened.</summary>
    public static int OpenSpare() => Open("/dev/null", ORdOnly | OCloexec);

    /// <summary>True for accept's errors that mean "out of descriptors or memory": the waiting
    /// connection stays queued and the listener stays readable.</summary>
    public static bool IsExhaustion(int errno) => errno is EMfile or ENfile or ENoBufs or ENoMem;
}
