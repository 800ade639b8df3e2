'use client';
/** One player actor per page, provided through React context (created by the provider, not at module load). */
import { createActorContext } from '@xstate/react';
import { playerMachine } from './playerMachine';

export const PlayerContext = createActorContext(playerMachine);
