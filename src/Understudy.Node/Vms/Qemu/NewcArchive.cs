using System.Globalization;
using System.Text;

namespace Understudy.Node.Vms.Qemu;

/// <summary>
/// Writes a cpio archive in the "newc" format the Linux kernel unpacks as an initramfs
/// (Documentation/driver-api/early-userspace/buffer-format.rst). Deterministic: mtimes, inode
/// numbers and owners are fixed, so the same files give the same bytes on every host — which
/// live migration needs, since both QEMUs must load identical boot images.
/// </summary>
internal sealed class NewcArchive
{
    private readonly MemoryStream _stream = new();
    private int _inode = 1;

    public void AddDirectory(string path) => Add(path, 0x41ED, []);

    public void AddFile(string path, string content, bool secret = false) =>
        Add(path, secret ? 0x8180 : 0x81A4, Encoding.UTF8.GetBytes(content));

    /// <summary>The archive with its trailer.</summary>
    public byte[] ToArray()
    {
        Add("TRAILER!!!", 0, []);
        return _stream.ToArray();
    }

    private void Add(string path, int mode, byte[] data)
    {
        var name = Encoding.ASCII.GetBytes(path + "\0");
        var header = string.Create(CultureInfo.InvariantCulture, $"070701{_inode++:X8}{mode:X8}{0:X8}{0:X8}{1:X8}{0:X8}{data.Length:X8}{0:X8}{0:X8}{0:X8}{0:X8}{name.Length:X8}{0:X8}");
        _stream.Write(Encoding.ASCII.GetBytes(header));
        _stream.Write(name);
        Pad();
        _stream.Write(data);
        Pad();
    }

    private void Pad()
    {
        while (_stream.Length % 4 != 0)
        {
            _stream.WriteByte(0);
        }
    }
}
