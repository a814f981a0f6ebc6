using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>Who owns a file (statx: one layout on every architecture), and who this process is.</summary>
internal static unsafe partial class Libc
{
    private const int AtFdCwd = -100;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;
    private const int StatxUidOffset = 20;
    private const int StatxGidOffset = 24;
    private const int StatxModeOffset = 28;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint EffectiveUserId();

    /// <summary>The owner, group and mode of <paramref name="path"/> (following links), or null with errno set.</summary>
    public static (uint Owner, UnixFileMode Mode, uint Group)? FileOwner(string path)
    {
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxMode | StatxUid | StatxGid, buffer) != 0)
        {
            return null;
        }

        return (*(uint*)(buffer + StatxUidOffset), (UnixFileMode)(*(ushort*)(buffer + StatxModeOffset) & 0xFFF), *(uint*)(buffer + StatxGidOffset));
    }
}
