using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>Accounts of this machine (glibc's passwd lookups, so NSS — files, LDAP, systemd's
/// dynamic users — answers as it does for every other program).</summary>
internal static unsafe partial class Libc
{
    private const int PasswdNameOffset = 0;
    private const int PasswdUidOffset = 16;
    private const int PasswdGidOffset = 20;
    private const int PasswdDirOffset = 32;
    private const int PasswdSize = 48;
    private const int LookupBuffer = 16 * 1024;

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetPasswdByName(string name, byte* passwd, byte* buffer, nuint length, byte** result);

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int GetPasswdById(uint uid, byte* passwd, byte* buffer, nuint length, byte** result);

    [LibraryImport("libc", EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetGroupList(string user, uint group, uint* groups, int* count);

    /// <summary>The account named <paramref name="user"/> (or with that numeric uid), or null if
    /// this machine has none.</summary>
    public static UserAccount? FindUser(string user)
    {
        var passwd = stackalloc byte[PasswdSize];
        var buffer = (byte*)NativeMemory.Alloc(LookupBuffer);
        try
        {
            byte* found = null;
            var code = uint.TryParse(user, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid)
                ? GetPasswdById(uid, passwd, buffer, LookupBuffer, &found)
                : GetPasswdByName(user, passwd, buffer, LookupBuffer, &found);
            if (code != 0 || found == null)
            {
                return null;
            }

            var name = Marshal.PtrToStringUTF8((nint)(*(byte**)(passwd + PasswdNameOffset))) ?? user;
            var gid = *(uint*)(passwd + PasswdGidOffset);
            return new UserAccount(
                name,
                *(uint*)(passwd + PasswdUidOffset),
                gid,
                Marshal.PtrToStringUTF8((nint)(*(byte**)(passwd + PasswdDirOffset))) ?? "/",
                Groups(name, gid));
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    private static uint[] Groups(string name, uint gid)
    {
        var count = 64;
        while (true)
        {
            var groups = new uint[count];
            fixed (uint* into = groups)
            {
                var asked = count;
                if (GetGroupList(name, gid, into, &asked) >= 0)
                {
                    return groups[..asked];
                }

                count = asked > count ? asked : count * 2;
            }
        }
    }
}

/// <summary>One account: what a workload started as <see cref="Name"/> gets.</summary>
/// <param name="Name">User name.</param>
/// <param name="Uid">User id.</param>
/// <param name="Gid">Primary group.</param>
/// <param name="Home">Home directory (may not exist: nobody's is /nonexistent).</param>
/// <param name="Groups">Every group (primary and supplementary).</param>
internal sealed record UserAccount(string Name, uint Uid, uint Gid, string Home, uint[] Groups);
