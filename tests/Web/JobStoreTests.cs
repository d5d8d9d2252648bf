using KDTalker.Model.Pipeline;
using KDTalker.Web.Jobs;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>The SQLite job store: records come back field for field, newest first, by state; ids are unguessable.</summary>
public sealed class JobStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kdtalker-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_record_comes_back_field_for_field_after_reopening_the_database()
    {
        var created = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);
        var job = new JobRecord(JobFolders.NewId(), JobState.Failed,
            new JobSettings { Seed = -3, Steps = 7, HeadMotion = 0.25, Expression = 1.5, LipsOnly = true, Relative = true, PasteBack = true, FaceIndex = 2 },
            "photo.jpg", "speech.webm", "Ünïcode 'name'.jpg", "rec.webm", created)
        {
            StartedAt = created.AddSeconds(1), FinishedAt = created.AddSeconds(9), Stage = GenerationStage.Rendering,
            FramesDone = 17, Frames = 112, VideoFile = "video.avi", Error = "It broke; \"quoted\".",
        };
        new SqliteJobStore(Path.Combine(_folder, "jobs.db")).Add(job);

        var read = new SqliteJobStore(Path.Combine(_folder, "jobs.db")).Get(job.Id)!;
        Assert.Equal(job with { CreatedAt = read.CreatedAt, StartedAt = read.StartedAt, FinishedAt = read.FinishedAt }, read);
        Assert.Equal(job.CreatedAt.UtcTicks, read.CreatedAt.UtcTicks);
        Assert.Equal(job.StartedAt!.Value.UtcTicks, read.StartedAt!.Value.UtcTicks);
        Assert.Equal(job.FinishedAt!.Value.UtcTicks, read.FinishedAt!.Value.UtcTicks);
    }

    [Fact]
    public void Lists_newest_first_selects_by_state_oldest_first_updates_and_deletes()
    {
        var store = new SqliteJobStore(Path.Combine(_folder, "jobs.db"));
        var start = DateTimeOffset.UtcNow;
        var jobs = Enumerable.Range(0, 5).Select(i => new JobRecord(JobFolders.NewId(), i % 2 == 0 ? JobState.Queued : JobState.Succeeded, new JobSettings(),
            "photo.png", "speech.wav", $"p{i}", $"s{i}", start.AddMinutes(i))).ToList();
        foreach (var job in jobs.AsEnumerable().Reverse())
            store.Add(job);

        Assert.Equal(jobs.Select(j => j.Id).Reverse(), store.List().Select(j => j.Id));
        Assert.Equal(2, store.List(limit: 2).Count);
        Assert.Equal([jobs[0].Id, jobs[2].Id, jobs[4].Id], store.InState(JobState.Queued).Select(j => j.Id));
        store.Update(jobs[2] with { State = JobState.Running, FramesDone = 3 });
        Assert.Equal(3, store.Get(jobs[2].Id)!.FramesDone);
        Assert.Equal([jobs[2].Id], store.InState(JobState.Running).Select(j => j.Id));
        store.Delete(jobs[2].Id);
        Assert.Null(store.Get(jobs[2].Id));
        Assert.Throws<KeyNotFoundException>(() => store.Update(jobs[2]));
    }

    [Fact]
    public void Ids_are_26_base32_characters_all_different_and_only_ids_make_paths()
    {
        var ids = Enumerable.Range(0, 10000).Select(_ => JobFolders.NewId()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(JobFolders.IsId(id)));
        // 32 symbols used about evenly (each ~1/32 of 260,000 characters): the 5 bits per character are all random.
        var counts = ids.SelectMany(id => id).GroupBy(c => c).Select(g => g.Count()).ToList();
        Assert.Equal(32, counts.Count);
        Assert.All(counts, n => Assert.InRange(n, 260000 / 32 * 0.9, 260000 / 32 * 1.1));
        var folders = new JobFolders(_folder);
        foreach (string bad in new[] { "../../etc", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abc", ids[0] + "/x", "" })
            Assert.Throws<ArgumentException>(() => folders.Folder(bad));
    }
}
