using KDTalker.Web;
using KDTalker.Web.Jobs;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>Disk use stays bounded: finished jobs past the age limit go, then the oldest until the files fit; live jobs stay.</summary>
public sealed class JobRetentionTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kdtalker-retention-").FullName;
    private readonly DateTimeOffset _now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Old_finished_jobs_are_deleted_then_the_oldest_until_the_files_fit_and_live_jobs_are_kept()
    {
        var store = new SqliteJobStore(Path.Combine(_data, "jobs.db"));
        var folders = new JobFolders(_data);
        // Ages in days, states, and 1000 bytes of files each.
        var jobs = new[] { (10.0, JobState.Succeeded), (8.0, JobState.Queued), (3.0, JobState.Succeeded), (2.0, JobState.Failed), (1.0, JobState.Succeeded), (0.5, JobState.Running) }
            .Select(spec =>
            {
                var job = new JobRecord(JobFolders.NewId(), spec.Item2, new JobSettings(), "photo.png", "speech.wav", "p", "s", _now.AddDays(-spec.Item1));
                store.Add(job);
                Directory.CreateDirectory(folders.Folder(job.Id));
                File.WriteAllBytes(folders.File(job.Id, "photo.png"), new byte[1000]);
                return job;
            }).ToList();
        var options = new ServerOptions { DataFolder = _data, MaxJobAge = TimeSpan.FromDays(7), MaxDiskBytes = 3500 };

        new JobRetention(store, folders, options, new FixedClock(_now)).Sweep();

        // 10 days: too old. Then 5 × 1000 bytes > 3500: the oldest finished ones (3 and 2 days) go, leaving 3000.
        var kept = store.List().Select(j => j.Id).ToHashSet();
        Assert.Equal(new[] { jobs[1].Id, jobs[4].Id, jobs[5].Id }.ToHashSet(), kept);
        foreach (var job in jobs)
            Assert.Equal(kept.Contains(job.Id), Directory.Exists(folders.Folder(job.Id)));
    }
}
