namespace Understudy.Node.VmRoles;

/// <summary>The new owner's answer: its incoming QEMU listens on <paramref name="Address"/>:<paramref name="Port"/>.</summary>
internal sealed record IncomingReady(string Address, int Port);
