// The list of long operations under way, as DAP progress events change it.
import { describe, expect, it } from 'vitest'
import { currentProgress, endProgress, forgetSessionProgress, progressText, startProgress, updateProgress, type ProgressList } from './progress'

describe('progress reports', () => {
  it('start, take the latest message and percentage, and end', () => {
    let list: ProgressList = []
    list = startProgress(list, 'S1', { progressId: 'p1', title: 'Starting the program' })
    expect(currentProgress(list)).toEqual({ sessionId: 'S1', progressId: 'p1', title: 'Starting the program' })
    list = updateProgress(list, 'S1', { progressId: 'p1', message: 'Waiting for the program to connect…' })
    list = updateProgress(list, 'S1', { progressId: 'p1', percentage: 140 })
    expect(currentProgress(list)).toMatchObject({ message: 'Waiting for the program to connect…', percentage: 100 })
    list = endProgress(list, 'S1', { progressId: 'p1' })
    expect(list).toEqual([])
  })

  it('shows the newest report; ids belong to their session', () => {
    let list: ProgressList = []
    list = startProgress(list, 'S1', { progressId: 'p1', title: 'Starting the program' })
    list = startProgress(list, 'S2', { progressId: 'p1', title: 'Attaching' })
    expect(currentProgress(list)?.title).toBe('Attaching')
    list = endProgress(list, 'S2', { progressId: 'p1' })
    expect(currentProgress(list)).toMatchObject({ sessionId: 'S1', title: 'Starting the program' })
  })

  it('ignore updates and ends of reports never started, without changing the list', () => {
    const list = startProgress([], 'S1', { progressId: 'p1', title: 'Attaching' })
    expect(updateProgress(list, 'S1', { progressId: 'other', message: 'x' })).toBe(list)
    expect(endProgress(list, 'S2', { progressId: 'p1' })).toBe(list)
    expect(startProgress(list, 'S1', { progressId: 7 as unknown as string, title: 'bad' })).toBe(list)
  })

  it('end with their session', () => {
    let list = startProgress([], 'S1', { progressId: 'p1', title: 'a' })
    list = startProgress(list, 'S2', { progressId: 'p2', title: 'b' })
    expect(forgetSessionProgress(list, 'S1').map((p) => p.sessionId)).toEqual(['S2'])
    expect(forgetSessionProgress(list, 'S3')).toBe(list)
  })

  it('read as title and message', () => {
    expect(progressText({ sessionId: 'S', progressId: 'p', title: 'Starting the program', message: 'Attaching…' })).toBe('Starting the program: Attaching…')
    expect(progressText({ sessionId: 'S', progressId: 'p', title: 'Indexing', percentage: 42.4 })).toBe('Indexing (42 %)')
  })
})
