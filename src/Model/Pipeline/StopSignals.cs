using System.Runtime.InteropServices;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// Turns SIGINT (Ctrl+C), SIGTERM (kill, timeout, systemd, Docker, Kubernetes) and SIGHUP (a closed terminal) into a
/// cancellation, so work stops between frames and every temporary is deleted; a second signal ends the process at once.
/// The exit code follows the shell's convention, 128 + the signal's number: 130, 143, 129.
/// </summary>
/// <remarks>For a command-line host; a library embedding the engine passes its own <see cref="CancellationToken"/>.</remarks>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    /// <summary>Starts listening.</summary>
    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The first signal's number (2, 15 or 1), or 0 before any.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>The exit code for a run stopped by <see cref="Received"/>: 128 + its number.</summary>
    public int ExitCode => 128 + Received;

    private void OnSignal(PosixSignalContext context)
    {
        int number = context.Signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => 1,
        };
        // The first signal cancels (and keeps the process alive to clean up); a second one takes its default action.
        context.Cancel = Interlocked.CompareExchange(ref _received, number, 0) == 0;
        _cancellation.Cancel();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _cancellation.Dispose();
    }
}
