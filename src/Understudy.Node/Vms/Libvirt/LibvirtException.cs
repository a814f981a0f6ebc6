namespace Understudy.Node.Vms.Libvirt;

/// <summary>libvirt refused a call; <see cref="Exception.Message"/> says which call and libvirt's reason.</summary>
public sealed class LibvirtException : InvalidOperationException
{
    public LibvirtException()
    {
    }

    public LibvirtException(string message)
        : base(message)
    {
    }

    public LibvirtException(string message, Exception inner)
        : base(message, inner)
    {
    }

    internal LibvirtException(string message, int code)
        : base(message)
    {
        Code = code;
    }

    /// <summary>libvirt's <c>virErrorNumber</c> (42: no such domain), 0 if unknown.</summary>
    public int Code { get; }
}
