import { vi } from 'vitest'

// Every zustand store starts each test in its initial state (see __mocks__/zustand.ts).
vi.mock('zustand')
