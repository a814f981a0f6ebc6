using System.Runtime.InteropServices;
using System.Text;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Steering;

/// <summary>
/// The <c>bpf</c> system call for what connection steering needs: array and socket-array maps
/// pinned in the BPF filesystem (so every node process on the host shares them), their elements,
/// and loading an <c>sk_reuseport</c> program. Each call returns a descriptor or 0, or throws
/// <see cref="BpfException"/> with the kernel's errno (and the verifier's log for a program).
/// </summary>
internal static unsafe class Bpf
{
    public const string FileSystem = "/sys/fs/bpf";

    private const int MapCreate = 0;
    private const int MapLookupElem = 1;
    private const int MapUpdateElem = 2;
    private const int MapDeleteElem = 3;
    private const int ProgLoad = 5;
    private const int ObjPin = 6;
    private const int ObjGet = 7;
    private const int AttrSize = 128;

    private const uint MapTypeArray = 2;
    private const uint MapTypeReuseportSockarray = 20;
    private const uint ProgTypeSkReuseport = 21;
    private const uint AttachSkReuseportSelect = 39;
    private const long BpfFsMagic = 0xcafe4a11;

    public const int ENoEnt = 2;
    public const int EExist = 17;

    /// <summary>Creates an array map of u32 → u32 with <paramref name="entries"/> entries.</summary>
    public static int CreateArray(string name, int entries) => CreateMap(MapTypeArray, 4, 4, entries, name);

    /// <summary>Creates a socket array for SO_REUSEPORT groups (u32 → socket, set from a descriptor).</summary>
    public static int CreateSocketArray(string name, int entries) => CreateMap(MapTypeReuseportSockarray, 4, 8, entries, name);

    /// <summary>Sets a u32 element (the kernel reads the value's first 4 bytes: little-endian).</summary>
    public static void Update(int map, uint key, uint value) => Updated(map, key, value);

    public static void UpdateSocket(int map, uint key, int socket) => Updated(map, key, (ulong)socket);

    /// <summary>Removes <paramref name="key"/>; false if it was not there.</summary>
    public static bool Delete(int map, uint key) =>
        Element(MapDeleteElem, map, key, null) >= 0 || (Errno == ENoEnt ? false : throw new BpfException("delete", Errno));

    /// <summary>Whether <paramref name="key"/> holds a socket (its cookie is read).</summary>
    public static bool Holds(int map, uint key)
    {
        ulong cookie = 0;
        return Element(MapLookupElem, map, key, &cookie) >= 0 || (Errno == ENoEnt ? false : throw new BpfException("lookup", Errno));
    }

    /// <summary>Pins <paramref name="fd"/> at <paramref name="path"/>; false if something is there already.</summary>
    public static bool TryPin(int fd, string path)
    {
        fixed (byte* name = Encoding.UTF8.GetBytes(path + "\0"))
        {
            var attr = stackalloc byte[AttrSize];
            new Span<byte>(attr, AttrSize).Clear();
            *(ulong*)attr = (ulong)name;
            *(uint*)(attr + 8) = (uint)fd;
            return Call(ObjPin, attr) >= 0 || (Errno == EExist ? false : throw new BpfException($"pin {path}", Errno));
        }
    }

    /// <summary>Opens what is pinned at <paramref name="path"/>, or -1 if nothing is.</summary>
    public static int TryGet(string path)
    {
        fixed (byte* name = Encoding.UTF8.GetBytes(path + "\0"))
        {
            var attr = stackalloc byte[AttrSize];
            new Span<byte>(attr, AttrSize).Clear();
            *(ulong*)attr = (ulong)name;
            var fd = Call(ObjGet, attr);
            return fd >= 0 ? fd : Errno == ENoEnt ? -1 : throw new BpfException($"open {path}", Errno);
        }
    }

    /// <summary>Loads an <c>sk_reuseport</c> program; a refusal carries the verifier's log.</summary>
    public static int LoadReuseportProgram(string name, byte[] instructions, string license)
    {
        var log = new byte[64 * 1024];
        fixed (byte* code = instructions)
        fixed (byte* text = Encoding.ASCII.GetBytes(license + "\0"))
        fixed (byte* buffer = log)
        {
            var attr = stackalloc byte[AttrSize];
            new Span<byte>(attr, AttrSize).Clear();
            *(uint*)attr = ProgTypeSkReuseport;
            *(uint*)(attr + 4) = (uint)(instructions.Length / 8);
            *(ulong*)(attr + 8) = (ulong)code;
            *(ulong*)(attr + 16) = (ulong)text;
            *(uint*)(attr + 24) = 1;
            *(uint*)(attr + 28) = (uint)log.Length;
            *(ulong*)(attr + 32) = (ulong)buffer;
            WriteName(attr + 48, name);
            *(uint*)(attr + 68) = AttachSkReuseportSelect;
            var fd = Call(ProgLoad, attr);
            if (fd >= 0)
            {
                return fd;
            }

            var errno = Errno;
            var verifier = Encoding.ASCII.GetString(log, 0, Math.Max(0, Array.IndexOf(log, (byte)0)));
            throw new BpfException($"load program {name}", errno, verifier);
        }
    }

    /// <summary>Whether <see cref="FileSystem"/> is a BPF filesystem; if it is not, tries to mount one
    /// there (as systemd does at boot). False if there is none and none could be mounted.</summary>
    public static bool EnsureFileSystem()
    {
        if (IsBpfFs(FileSystem))
        {
            return true;
        }

        return Directory.Exists(FileSystem) && Libc.Mount("bpf", FileSystem, "bpf", 0, null) == 0 && IsBpfFs(FileSystem);
    }

    public static int Errno => Libc.Errno;

    private static bool IsBpfFs(string path)
    {
        var stat = stackalloc byte[256];
        return Libc.StatFs(path, stat) == 0 && *(long*)stat == BpfFsMagic;
    }

    private static int CreateMap(uint type, uint keySize, uint valueSize, int entries, string name)
    {
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = type;
        *(uint*)(attr + 4) = keySize;
        *(uint*)(attr + 8) = valueSize;
        *(uint*)(attr + 12) = (uint)entries;
        WriteName(attr + 28, name);
        var fd = Call(MapCreate, attr);
        return fd >= 0 ? fd : throw new BpfException($"create map {name}", Errno);
    }

    private static void Updated(int map, uint key, ulong value)
    {
        if (Element(MapUpdateElem, map, key, &value) < 0)
        {
            throw new BpfException($"update map element {key}", Errno);
        }
    }

    /// <summary>A call on one element: the map, the key and, for a lookup or an update, the value.</summary>
    private static int Element(int command, int map, uint key, ulong* value)
    {
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)map;
        *(ulong*)(attr + 8) = (ulong)&key;
        *(ulong*)(attr + 16) = (ulong)value;
        return Call(command, attr);
    }

    /// <summary>Object names: 15 characters at most, letters, digits, '_' and '.'.</summary>
    private static void WriteName(byte* to, string name)
    {
        var span = new Span<byte>(to, 16);
        var length = 0;
        foreach (var c in name)
        {
            if (length == 15)
            {
                break;
            }

            span[length++] = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? (byte)c : (byte)'_';
        }
    }

    private static int Call(int command, byte* attr) =>
        (int)Libc.Syscall(RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 280 : 321, command, attr, AttrSize);
}

/// <summary>The kernel refused a <c>bpf</c> call.</summary>
internal sealed class BpfException(string what, int errno, string? verifierLog = null)
    : IOException($"bpf: {what}: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}){(string.IsNullOrWhiteSpace(verifierLog) ? "" : "\n" + verifierLog.Trim())}")
{
    public int Errno { get; } = errno;
}
