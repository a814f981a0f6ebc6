namespace Understudy.Core.Vms;

/// <summary>A service inside the guest that VM monitoring watches, as WSFC watches named services
/// in a guest: the guest agent runs <paramref name="Check"/> with the guest's shell every check
/// interval and reports the service running when it exits with 0.</summary>
/// <param name="Name">Service name, 1..32 characters of <c>[A-Za-z0-9_.-]</c>, unique within the VM.</param>
/// <param name="Check">Shell command run inside the guest, for example <c>pidof httpd</c>.</param>
public sealed record GuestService(string Name, string Check);
